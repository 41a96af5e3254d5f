import type { TrainingExample } from '../entities/training-example.entity.js';
import type { NewProductAnnotation } from '../entities/new-product-annotation.entity.js';
import type { Page } from '../repositories/keyset-page.js';
import { isUsableExample } from '../repositories/training-example.repository.js';
import type {
  AnnotationStatusEnum,
  FeedbackTypeEnum,
  NewProductAnnotationType,
  TrainingExampleType,
} from './feedback.types.js';

const imageUrl = (sha256: string | null) => (sha256 ? `/images/${sha256}` : null);

export const asExample = (e: TrainingExample): TrainingExampleType => ({
  ...e,
  feedbackType: e.feedbackType as FeedbackTypeEnum,
  imageUrl: imageUrl(e.imageSha256),
  usable: isUsableExample(e),
});

export const asAnnotation = (a: NewProductAnnotation): NewProductAnnotationType => ({
  ...a,
  status: a.status as AnnotationStatusEnum,
  imageUrl: imageUrl(a.imageSha256),
});

export const connection = <T, U>(page: Page<T>, present: (node: T) => U) => ({
  nodes: page.nodes.map(present),
  totalCount: page.totalCount,
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
});
