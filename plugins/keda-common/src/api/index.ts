export * from './read';
export * from './changes';
