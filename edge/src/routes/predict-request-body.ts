/**
 * A predict route's request body for the document: JSON (the named component), PNG, JPEG or
 * multipart `image` files. Plain OpenAPI schemas, not zod ones, so the route does not validate
 * the body: readPredictRequest reads it once, within the worker's size and pixel limits.
 */
export function predictRequestBody(jsonComponent: 'PredictAnyJsonRequest' | 'PredictJsonRequest', jsonExamples: Record<string, { value: unknown }>) {
  const binary = { type: 'string' as const, format: 'binary' };
  return {
    required: true,
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${jsonComponent}` }, examples: jsonExamples },
      'image/png': { schema: binary, example: '(the bytes of a PNG, e.g. curl --data-binary @seven.png)' },
      'image/jpeg': { schema: binary, example: '(the bytes of a JPEG)' },
      'multipart/form-data': {
        schema: { type: 'object' as const, required: ['image'], properties: { image: { type: 'array' as const, items: binary } } },
        example: { image: ['(seven.png: curl -F image=@seven.png)'] },
      },
    },
  };
}
