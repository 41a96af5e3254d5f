import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminApiKey).toBeUndefined();
    expect(config.demoCatalog).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.bot.apiRoot).toBe('https://api.telegram.org');
    expect(config.bot.adminTelegramIds).toEqual([]);
    // The bot's webhook server listens on loopback: a TLS proxy in front reaches it.
    expect(config.bot.webhookHost).toBe('127.0.0.1');
    expect(config.drift).toEqual({
      intervalSeconds: 60,
      reference: 'first',
      referenceSize: 500,
      currentSize: 500,
      currentHours: 0,
      alpha: 0.01,
      minSamples: 30,
    });
    expect(config.retraining).toEqual({
      intervalSeconds: 0,
      minExamples: 50,
      accuracyDrop: 0.1,
      accuracyWindow: 100,
      accuracyMinSamples: 30,
      onDrift: true,
      experimentShare: 0,
    });
  });

  it('parses the drift and retraining settings', () => {
    const config = loadConfig({
      DRIFT_INTERVAL_SECONDS: '0',
      DRIFT_REFERENCE: 'preceding',
      DRIFT_CURRENT_HOURS: '1.5',
      DRIFT_ALPHA: '0.001',
      RETRAIN_INTERVAL_SECONDS: '3600',
      RETRAIN_MIN_EXAMPLES: '200',
      RETRAIN_ACCURACY_DROP: '0.2',
      RETRAIN_ON_DRIFT: 'false',
      RETRAIN_EXPERIMENT_SHARE: '0.1',
    });
    expect(config.drift).toMatchObject({ intervalSeconds: 0, reference: 'preceding', currentHours: 1.5, alpha: 0.001 });
    expect(config.retraining).toMatchObject({
      intervalSeconds: 3600,
      minExamples: 200,
      accuracyDrop: 0.2,
      onDrift: false,
      experimentShare: 0.1,
    });
  });

  it('parses every key of the stable interface', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/v',
      DATABASE_URL: 'postgres://u:p@db:5432/vitrina',
      ADMIN_API_KEY: 'a-long-enough-admin-key',
      DEMO_CATALOG: 'false',
      LOG_LEVEL: 'debug',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9999',
      VITRINA_API_URL: 'http://api:4000/graphql',
      VITRINA_API_KEY: 'vtr_service',
      ADMIN_TELEGRAM_IDS: '111, 222',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/tmp/v',
      databaseUrl: 'postgres://u:p@db:5432/vitrina',
      adminApiKey: 'a-long-enough-admin-key',
      demoCatalog: false,
      logLevel: 'debug',
      bot: {
        token: '123:abc',
        apiRoot: 'http://127.0.0.1:9999',
        apiUrl: 'http://api:4000/graphql',
        apiKey: 'vtr_service',
        adminTelegramIds: ['111', '222'],
      },
    });
  });

  it('takes VITRINA_END_USER, the end user the CLI acts for, as <namespace>:<id>', () => {
    expect(loadConfig({}).cli.endUser).toBeUndefined();
    expect(loadConfig({ VITRINA_END_USER: 'telegram:12345' }).cli.endUser).toBe('telegram:12345');
    for (const bad of ['12345', 'Telegram:1', 'telegram:', 'telegram:a b']) {
      expect(() => loadConfig({ VITRINA_END_USER: bad }), bad).toThrow(/VITRINA_END_USER: expected <namespace>:<id>/);
    }
  });

  it('names every bad key in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        DEMO_CATALOG: 'maybe',
        LOG_LEVEL: 'loud',
        ADMIN_API_KEY: 'short',
        ADMIN_TELEGRAM_IDS: '12,abc',
        MAX_UPLOAD_BYTES: '-1',
        RETRAIN_INTERVAL_SECONDS: '-5',
        RETRAIN_MIN_EXAMPLES: '10',
        DRIFT_ALPHA: '2',
        DRIFT_REFERENCE: 'latest',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(
      [
        'ADMIN_API_KEY',
        'ADMIN_TELEGRAM_IDS',
        'DATABASE_URL',
        'DEMO_CATALOG',
        'DRIFT_ALPHA',
        'DRIFT_REFERENCE',
        'LOG_LEVEL',
        'MAX_UPLOAD_BYTES',
        'PORT',
        'RETRAIN_INTERVAL_SECONDS',
        'RETRAIN_MIN_EXAMPLES',
      ].sort(),
    );
    expect((error as Error).message).toContain('PORT');
  });
});
