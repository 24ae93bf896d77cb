import { CreateNormalizerSchema1795886070302 } from './1795886070302-CreateNormalizerSchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const NORMALIZER_MIGRATIONS = [CreateNormalizerSchema1795886070302];
