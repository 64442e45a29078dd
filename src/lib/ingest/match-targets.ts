// The strings an experiment looks for (flag key, unit kind, metric event keys), kept both as strings
// (for parsed objects and CSV cells) and as UTF-8 bytes (for the byte scanners).
import { bytesEqual, utf8 } from './bytes.ts';
import { CONNECTION_TEST_KEY } from './parsed-event.ts';
import type { ExperimentSpec } from './types.ts';

export class MatchTargets {
  readonly flagKeyBytes: Uint8Array;
  readonly unitKindBytes: Uint8Array;
  readonly testKeyBytes = utf8(CONNECTION_TEST_KEY);
  readonly eventKeys: string[];
  readonly eventKeyBytes: Uint8Array[];

  constructor(
    readonly flagKey: string,
    readonly unitKind: string,
    eventKeys: string[],
  ) {
    this.flagKeyBytes = utf8(flagKey);
    this.unitKindBytes = utf8(unitKind);
    this.eventKeys = [...new Set(eventKeys)];
    this.eventKeyBytes = this.eventKeys.map(utf8);
  }

  /**
   * The targets of an experiment. Every thread of an import builds its own from the spec, so their
   * event key indices agree.
   */
  static forSpec(spec: ExperimentSpec): MatchTargets {
    return new MatchTargets(
      spec.flagKey,
      spec.randomizationUnit,
      spec.metrics.flatMap((metric) =>
        metric.denominatorEventKey === undefined
          ? [metric.eventKey]
          : [metric.eventKey, metric.denominatorEventKey],
      ),
    );
  }

  /**
   * False only when the record certainly holds none of the metric event keys (no quoted key and no
   * escape that could spell one): such records cannot matter in the metric pass and are not parsed.
   */
  mayMentionEventKey(bytes: Uint8Array, start: number, end: number): boolean {
    const record = bytes.subarray(start, end);
    if (record.indexOf(0x5c) >= 0) return true;
    for (const key of this.eventKeyBytes) {
      if (key.length === 0) return true;
      const first = key[0];
      for (let at = record.indexOf(first); at >= 0; at = record.indexOf(first, at + 1)) {
        if (
          record[at - 1] === 0x22 &&
          record[at + key.length] === 0x22 &&
          bytesEqual(record, at, at + key.length, key)
        )
          return true;
      }
    }
    return false;
  }

  eventKeyIndex(key: string): number {
    return this.eventKeys.indexOf(key);
  }

  eventKeyIndexOfBytes(bytes: Uint8Array, start: number, end: number): number {
    for (let i = 0; i < this.eventKeyBytes.length; i++)
      if (bytesEqual(bytes, start, end, this.eventKeyBytes[i])) return i;
    return -1;
  }
}
