// The last analysis of each experiment, as the list shows it ("B leads, 97% to be best"). Kept in
// localStorage: it is a cache of worker output, recomputed whenever the Results tab opens.
export type Headline = {
  at: number;
  iterationNumber: number;
  leader: string | null;
  probabilityToBeBest: number | null;
  winner: boolean;
  srmAlert: boolean;
};

const STORAGE_KEY = 'credence.headlines';

function load(): Record<string, Headline> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Headline>) : {};
  } catch {
    return {};
  }
}

class Headlines {
  byExperiment = $state<Record<string, Headline>>(
    typeof localStorage === 'undefined' ? {} : load(),
  );

  record(experimentId: string, headline: Headline): void {
    this.byExperiment[experimentId] = headline;
    this.#save();
  }

  /** Drops the headlines of these experiments (deleted, or replaced by an imported version). */
  forget(experimentIds: readonly string[]): void {
    for (const id of experimentIds) delete this.byExperiment[id];
    this.#save();
  }

  /** Drops every headline: the workspace they describe was replaced. */
  clear(): void {
    this.byExperiment = {};
    this.#save();
  }

  #save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify($state.snapshot(this.byExperiment)));
    } catch {
      // A full or unavailable storage only loses the cache.
    }
  }
}

export const headlines = new Headlines();
