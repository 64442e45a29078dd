import type { Experiment, Flag, Holdout, Iteration, Layer } from './types.ts';

/** What the rules may look at besides the experiment itself: the rest of the workspace. */
export type WorkspaceView = {
  flags: Flag[];
  layers: Layer[];
  holdouts: Holdout[];
  experiments: Experiment[];
  iterations: Iteration[];
};

export function emptyWorkspaceView(): WorkspaceView {
  return { flags: [], layers: [], holdouts: [], experiments: [], iterations: [] };
}
