import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, shellPath, spawnServer } from '../helpers/process.js';

const ADMIN = 'process-test-admin-key-123';

async function gql(url: string, query: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

describe('the vitrina process', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it("runs on the Node.js named in .nvmrc through the README's commands, whatever Node the shell has", async () => {
    const wanted = (await fs.readFile(path.join(ROOT, '.nvmrc'), 'utf8')).trim();
    const env = { PATH: shellPath(), HOME: process.env.HOME ?? '' };
    const cli = await promisify(execFile)('npm', ['exec', '--offline', '--', 'vitrina', 'version'], { cwd: ROOT, env });
    expect(cli.stdout).toMatch(new RegExp(`^vitrina \\S+ on Node\\.js v${wanted}\\.`));

    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-e2e-'));
    dirs.push(dataDir);
    const server = spawnServer(
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN, DEMO_CATALOG: 'false' },
      { via: 'npm' },
    );
    try {
      const url = await server.ready;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(server.output()).toMatch(new RegExp(`"node":"v${wanted}\\.[^"]*","url":"http`));
    } finally {
      process.kill(-server.child.pid!, 'SIGTERM');
      await server.exited;
    }
  }, 90_000);

  it('refuses to start on bad configuration, naming every bad key', async () => {
    const server = spawnServer({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db' });
    expect(await server.exited).toBe(78);
    const output = server.output();
    for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(output).toContain(key);
    expect(output.split('\n').filter((line) => line.includes('Invalid configuration'))).toHaveLength(1);
  });

  it('serves with an embedded database under DATA_DIR, shuts down on SIGTERM and keeps data across a restart', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-e2e-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN };

    const first = spawnServer(env);
    const url = await first.ready;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const created = await gql(
      url,
      'mutation { createProduct(input: { name: "Persisted lamp", sku: "LAMP-1" }) { id } }',
    );
    const id = created.data.createProduct.id;
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');
    await expect(fs.stat(path.join(dataDir, 'pgdata'))).resolves.toBeTruthy();

    const second = spawnServer(env);
    const url2 = await second.ready;
    const read = await gql(url2, `{ product(id: "${id}") { name sku } }`);
    expect(read.data.product).toEqual({ name: 'Persisted lamp', sku: 'LAMP-1' });
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 90_000);
});
