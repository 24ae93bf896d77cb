import { CreateNormalizerSchema1795884651649 } from './1795884651649-CreateNormalizerSchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const NORMALIZER_MIGRATIONS = [CreateNormalizerSchema1795884651649];
