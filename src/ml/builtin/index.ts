export { BuiltinEncoder } from './builtin-encoder.js';
export { describePixels, PixelDescriptor } from './descriptor.js';
export { CATALOG_VARIANTS } from './lighting.js';
export { DEFAULT_PARAMS, type DescriptorParams } from './params.js';
