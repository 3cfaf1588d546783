import { EdgeError } from '../errors/edge-error.ts';
import type { LoadedImageModel, LoadedModel } from '../models/load-model.ts';

/** The model as an image model; a text model asked to classify an image is a typed 415 naming what it expects. */
export function requireImageModel(model: LoadedModel): LoadedImageModel {
  if (model.manifest.task === 'image-classification') return model as LoadedImageModel;
  const { name, version, task } = model.manifest;
  throw new EdgeError(
    'unsupported_media_type',
    `model ${name}@${version} is a ${task} model: send application/json { "text": "..." } or { "texts": ["...", ...] }, not an image`,
    { model: name, task },
  );
}
