import { ApiKey } from './api-key.entity.js';
import { Experiment } from './experiment.entity.js';
import { GalleryVector } from './gallery-vector.entity.js';
import { GalleryView } from './gallery-view.entity.js';
import { ExperimentArm } from './experiment-arm.entity.js';
import { ImageEmbedding } from './image-embedding.entity.js';
import { Job } from './job.entity.js';
import { ModelActivation } from './model-activation.entity.js';
import { ModelVersion } from './model-version.entity.js';
import { NewProductAnnotation } from './new-product-annotation.entity.js';
import { Product } from './product.entity.js';
import { ProductImage } from './product-image.entity.js';
import { Search } from './search.entity.js';
import { SearchComment } from './search-comment.entity.js';
import { SearchResult } from './search-result.entity.js';
import { StoredImage } from './stored-image.entity.js';
import { TrainingExample } from './training-example.entity.js';
import { TrainingRun } from './training-run.entity.js';
import { VersionVector } from './version-vector.entity.js';

export {
  ApiKey,
  Experiment,
  ExperimentArm,
  GalleryVector,
  GalleryView,
  ImageEmbedding,
  Job,
  ModelActivation,
  ModelVersion,
  NewProductAnnotation,
  Product,
  ProductImage,
  Search,
  SearchComment,
  SearchResult,
  StoredImage,
  TrainingExample,
  TrainingRun,
  VersionVector,
};

export const entities = [
  ApiKey,
  Experiment,
  ExperimentArm,
  GalleryVector,
  GalleryView,
  ImageEmbedding,
  Job,
  ModelActivation,
  ModelVersion,
  NewProductAnnotation,
  Product,
  ProductImage,
  Search,
  SearchComment,
  SearchResult,
  StoredImage,
  TrainingExample,
  TrainingRun,
  VersionVector,
];
