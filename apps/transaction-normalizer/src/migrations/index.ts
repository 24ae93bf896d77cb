import { CreateNormalizerSchema1795886070302 } from './1795886070302-CreateNormalizerSchema';
import { AddLifecycleEnrichmentAndBalances1796139966818 } from './1796139966818-AddLifecycleEnrichmentAndBalances';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const NORMALIZER_MIGRATIONS = [CreateNormalizerSchema1795886070302, AddLifecycleEnrichmentAndBalances1796139966818];
