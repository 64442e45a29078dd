// The app's one formatter: every number on screen, in exports and in charts' labels.
export * from './format.ts';
