/** What every flag declares: its help line, and older spellings that still parse but are not shown. */
interface FlagBase {
  help: string;
  /** The value's name in help, e.g. DIR; defaults to the type's. */
  placeholder?: string;
  /** Older spellings, kept working but left out of help and of typo suggestions. */
  aliases?: readonly string[];
}

export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
  /** The command cannot run without it. */
  required?: true;
}

/** Given more than once, each value kept in order. */
export interface RepeatedFlag extends FlagBase {
  type: 'repeated';
}

export interface NumberFlag extends FlagBase {
  type: 'number';
  default?: number;
  integer?: boolean;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Must be above `min`, not equal to it (e.g. a positive rate). */
  exclusiveMin?: boolean;
}

export interface BooleanFlag extends FlagBase {
  type: 'boolean';
}

export interface EnumFlag<V extends string = string> extends FlagBase {
  type: 'enum';
  values: readonly V[];
  default?: V;
}

export type FlagSpec = StringFlag | RepeatedFlag | NumberFlag | BooleanFlag | EnumFlag;
export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<F extends FlagSpec> = F extends EnumFlag<infer V>
  ? V
  : F extends NumberFlag
  ? number
  : F extends BooleanFlag
  ? boolean
  : F extends RepeatedFlag
  ? string[]
  : string;

/** Parsed values: booleans are false and repeated flags [] when absent; others undefined unless required or defaulted. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]: F[K] extends BooleanFlag | RepeatedFlag ? ValueOf<F[K]> : F[K] extends { default: unknown } | { required: true } ? ValueOf<F[K]> : ValueOf<F[K]> | undefined;
};

/** An integer flag in [min, max]; spread it and add the help. */
export function integerFlag(min: number, max?: number): { type: 'number'; integer: true; min: number; max?: number } {
  return { type: 'number', integer: true, min, ...(max === undefined ? {} : { max }) };
}
