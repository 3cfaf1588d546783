/** One labelled text as loaded, before tokenising. */
export interface TextExample {
  text: string;
  label: string;
}

export interface TextSplit {
  texts: string[];
  /** Index into `TextDataset.labels`, one per text. */
  labelIds: number[];
}

export interface TextDataset {
  name: string;
  /** Sorted label names; a label's id is its index. */
  labels: string[];
  train: TextSplit;
  validation: TextSplit;
  test: TextSplit;
}
