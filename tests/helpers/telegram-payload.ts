import busboy from 'busboy';
import type http from 'node:http';

/** A file the bot uploaded in a multipart request. */
export type Upload = { bytes: Buffer; filename: string };

/**
 * A Bot API request's parameters as Telegram reads them (for the fake Telegram): a JSON body, or
 * multipart/form-data, which grammY sends when a parameter is an `InputFile`; each uploaded
 * file is named by the parameter that attached it (`photo: attach://<part name>`).
 */
export async function readPayload(
  req: http.IncomingMessage,
): Promise<{ payload: Record<string, any>; uploads: Record<string, Upload> }> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    const { fields, files } = await readForm(req);
    const uploads: Record<string, Upload> = {};
    for (const [name, value] of Object.entries(fields)) {
      const attached = typeof value === 'string' && /^attach:\/\/(.+)$/.exec(value);
      const file = attached && files.get(attached[1]!);
      if (file) uploads[name] = file;
    }
    return { payload: fields, uploads };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return { payload: body && type.includes('json') ? JSON.parse(body) : {}, uploads: {} };
}

function readForm(req: http.IncomingMessage): Promise<{ fields: Record<string, any>; files: Map<string, Upload> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, any> = {};
    const files = new Map<string, Upload>();
    const reads: Array<Promise<void>> = [];
    const form = busboy({ headers: req.headers });
    form.on('field', (name, value) => {
      try {
        fields[name] = formValue(name, value);
      } catch (error) {
        reject(error);
      }
    });
    form.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      reads.push(
        new Promise((done) =>
          stream.on('end', () => {
            files.set(name, { bytes: Buffer.concat(chunks), filename: info.filename ?? '' });
            done();
          }),
        ),
      );
    });
    form.on('close', () => void Promise.all(reads).then(() => resolve({ fields, files })));
    form.on('error', reject);
    req.pipe(form);
  });
}

/**
 * Form fields are strings; Telegram reads each as its parameter's type. The fake reads what the
 * bot sends: objects (keyboards, entities) as JSON, ids as numbers, the rest as text.
 */
function formValue(name: string, value: string): unknown {
  if (/^(reply_markup|reply_parameters|link_preview_options)$|_entities$/.test(name)) return JSON.parse(value);
  if (/_id$/.test(name) && /^-?\d+$/.test(value)) return Number(value);
  return value;
}
