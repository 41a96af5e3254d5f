import { pino, type Logger } from 'pino';

/** One JSON event per line. Credentials are redacted wherever they appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'vitrina' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'key'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
