import { EdgeError } from '../errors/edge-error.ts';
import type { LoadedModel } from '../models/load-model.ts';
import type { LoadedTextModel } from './predict-text.ts';

/** The model as a text model; an image model sent text is a typed 415 naming what it expects. */
export function requireTextModel(model: LoadedModel): LoadedTextModel {
  if (model.manifest.task === 'text-classification') return model as LoadedTextModel;
  const { name, version, task } = model.manifest;
  throw new EdgeError(
    'unsupported_media_type',
    `model ${name}@${version} is an ${task} model: send image/png, image/jpeg, multipart/form-data or JSON { "pixels" }, not text`,
    { model: name, task },
  );
}
