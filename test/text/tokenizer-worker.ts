/** A tiny worker that runs the shared tokenizer in workerd: POST { vocabulary, maxLength, texts } → { ids }. */
import { TextTokenizer, textVocabularySchema } from '@edgeml/shared/text/index';

export default {
  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as { vocabulary: unknown; maxLength: number; texts: string[] };
    const tokenizer = new TextTokenizer(textVocabularySchema.parse(body.vocabulary), body.maxLength);
    return Response.json({ ids: body.texts.map((text) => [...tokenizer.encode(text)]) });
  },
};
