import { sha256Hex, textVocabularySchema, TextTokenizer, type TextModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/** The tokenizer of a text model: its vocabulary artifact, checked against the manifest's size and sha256. */
export async function loadVocabulary(bucket: R2Bucket, manifest: TextModelManifest): Promise<TextTokenizer> {
  const artifact = manifest.artifacts.vocabulary;
  const label = `${manifest.name}@${manifest.version}`;
  const object = await bucket.get(artifact.key);
  if (!object) throw new EdgeError('model_unavailable', `the vocabulary of ${label} is missing`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  if (bytes.length !== artifact.bytes || (await sha256Hex(bytes)) !== artifact.sha256) {
    throw new EdgeError('model_unavailable', `the vocabulary of ${label} does not match its manifest's size and sha256`);
  }
  let vocabulary;
  try {
    vocabulary = textVocabularySchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    throw new EdgeError('model_unavailable', `the vocabulary of ${label} is not a valid vocabulary`);
  }
  if (vocabulary.tokens.length !== manifest.input.vocabularySize) {
    throw new EdgeError('model_unavailable', `the vocabulary of ${label} has ${vocabulary.tokens.length} tokens, its manifest says ${manifest.input.vocabularySize}`);
  }
  return new TextTokenizer(vocabulary, manifest.input.maxLength);
}
