import { textVocabularySchema, TextTokenizer, type TextModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readVerifiedArtifact } from '../storage/read-verified-artifact.ts';

/** The tokenizer of a text model: its vocabulary artifact, checked against the manifest's size and sha256. */
export async function loadVocabulary(bucket: R2Bucket, manifest: TextModelManifest): Promise<TextTokenizer> {
  const what = `the vocabulary of ${manifest.name}@${manifest.version}`;
  const vocabulary = await readVerifiedArtifact(bucket, manifest.artifacts.vocabulary, what, { schema: textVocabularySchema });
  if (vocabulary.tokens.length !== manifest.input.vocabularySize) {
    throw new EdgeError('model_unavailable', `${what} has ${vocabulary.tokens.length} tokens, its manifest says ${manifest.input.vocabularySize}`);
  }
  return new TextTokenizer(vocabulary, manifest.input.maxLength);
}
