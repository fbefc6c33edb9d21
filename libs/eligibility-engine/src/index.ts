export * from './dates';
export * from './validity';
export * from './registration';
export * from './endpoints';
export * from './types';
export * from './engine';
export * from './profile-file';
