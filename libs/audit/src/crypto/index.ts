export * from './merkle';
export * from './checkpoint';
