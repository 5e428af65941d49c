export * from './value.js';
export * from './resource.js';
export * from './query.js';
export * from './domains.js';
export * from './refs.js';
