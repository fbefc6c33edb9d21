export * from './merkle';
export * from './checkpoint';
export * from './dsse';
