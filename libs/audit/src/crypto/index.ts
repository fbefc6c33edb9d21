export * from './canonical';
export * from './chain';
export * from './merkle';
export * from './checkpoint';
export * from './dsse';
