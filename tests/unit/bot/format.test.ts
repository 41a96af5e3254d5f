import { describe, expect, it } from 'vitest';
import type { AnnotationFieldsFragment, GalleryViewFieldsFragment } from '../../../src/client/generated/graphql.js';
import { annotationText, galleryViewText } from '../../../src/bot/format.js';

/** Telegram's limit for a photo's caption. */
const CAPTION_LIMIT = 1024;

const view = (overrides: Partial<GalleryViewFieldsFragment> = {}): GalleryViewFieldsFragment => ({
  id: '00000000-0000-4000-8000-000000000001',
  status: 'PENDING',
  verdict: 'correct',
  searchId: '00000000-0000-4000-8000-000000000002',
  userId: 'key:00000000-0000-4000-8000-000000000003/telegram:7',
  imageUrl: '/images/' + 'a'.repeat(64),
  decidedBy: null,
  reviewedBy: null,
  reason: null,
  createdAt: '2025-01-02T03:04:05.000Z',
  decidedAt: null,
  product: { id: '00000000-0000-4000-8000-000000000004', name: 'Red ceramic mug', sku: 'MUG-1' },
  ...overrides,
});

describe('galleryViewText', () => {
  it('names the product; as text it gives the photo URL, as a caption it leaves it to the photo', () => {
    const text = galleryViewText(view());
    expect(text).toContain("Shopper's photo for Red ceramic mug [MUG-1]");
    expect(text).toContain(`Photo: /images/${'a'.repeat(64)}`);
    const caption = galleryViewText(view(), 'caption');
    expect(caption).toBe(text.replace(`\nPhoto: /images/${'a'.repeat(64)}`, ''));
  });

  it('fits a caption in Telegram’s limit however long the names and the reason are', () => {
    const longest = view({
      status: 'REJECTED',
      // The API's longest product name and SKU, and free text with no limit of its own.
      product: { id: 'p', name: 'N'.repeat(300), sku: 'S'.repeat(100) },
      userId: `key:${'k'.repeat(36)}/${'u'.repeat(500)}`,
      reason: `every contribution of ${'u'.repeat(500)} was removed by an admin`,
    });
    const caption = galleryViewText(longest, 'caption');
    expect(caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(caption).toContain(`Shopper's photo for ${'N'.repeat(199)}…`);
    expect(caption).toContain('✖️ Rejected: every contribution of');
    // As a text message (up to 4096 characters) nothing is cut.
    expect(galleryViewText(longest)).toContain('N'.repeat(300));
  });
});

const annotation = (overrides: Partial<AnnotationFieldsFragment> = {}): AnnotationFieldsFragment => ({
  id: '00000000-0000-4000-8000-000000000005',
  status: 'PENDING',
  name: 'Brass floor lamp',
  category: 'lighting',
  comment: 'Brass, 40 cm',
  searchId: '00000000-0000-4000-8000-000000000002',
  userId: 'key:00000000-0000-4000-8000-000000000003/telegram:7',
  imageUrl: '/images/' + 'b'.repeat(64),
  createdAt: '2025-01-02T03:04:05.000Z',
  reviewedAt: null,
  reviewedBy: null,
  product: null,
  ...overrides,
});

describe('annotationText', () => {
  it('as text gives the photo URL, as a caption leaves it to the photo', () => {
    const text = annotationText(annotation());
    expect(text).toContain('Suggested product: Brass floor lamp');
    expect(text).toContain('Comment: Brass, 40 cm');
    expect(text).toContain(`Photo: /images/${'b'.repeat(64)}`);
    expect(annotationText(annotation(), 'caption')).toBe(text.replace(`\nPhoto: /images/${'b'.repeat(64)}`, ''));
    expect(annotationText(annotation({ imageUrl: null }))).not.toContain('Photo:');
  });

  it('fits an approved suggestion’s caption in Telegram’s limit however long its free text is', () => {
    const longest = annotation({
      status: 'APPROVED',
      name: 'N'.repeat(300),
      category: 'C'.repeat(300),
      comment: 'W'.repeat(2000),
      userId: `key:${'k'.repeat(36)}/${'u'.repeat(500)}`,
      product: { id: 'p', name: 'P'.repeat(300), sku: null },
    });
    const caption = annotationText(longest, 'caption');
    expect(caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(caption).toContain(`✅ Approved: “${'P'.repeat(149)}…” is now in the catalog.`);
    expect(annotationText(longest)).toContain('W'.repeat(2000));
  });
});
