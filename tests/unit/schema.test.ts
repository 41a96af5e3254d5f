import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printVitrinaSchema } from '../../src/api/schema.js';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing it)', async () => {
    const committed = await fs.readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(await printVitrinaSchema()).toBe(committed);
  });

  it('keeps the stable names of SPEC.md', async () => {
    const sdl = await printVitrinaSchema();
    // createApiKey(role, name, actsForTelegramAdmins: Boolean) (#13), its description aside.
    expect(sdl.replace(/\s*"""[\s\S]*?"""/g, '')).toMatch(
      /createApiKey\(\s*actsForTelegramAdmins: Boolean = false\s+name: String!\s+role: Role!\s*\): CreatedApiKey!/,
    );
    expect(sdl).toMatch(/revokeApiKey\(id: ID!\)/);
    expect(sdl).toMatch(/createProduct\(input: CreateProductInput!\)/);
    expect(sdl).toMatch(/addProductImage\(image: Upload!, productId: ID!\)/);
    expect(sdl).toMatch(/enum Role \{\s+ADMIN\s+SERVICE\s+USER\s+\}/);
  });
});
