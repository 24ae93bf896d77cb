import { CreateNormalizerSchema1795886070302 } from './1795886070302-CreateNormalizerSchema';
import { AddLifecycleEnrichmentAndBalances1796141557978 } from './1796141557978-AddLifecycleEnrichmentAndBalances';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const NORMALIZER_MIGRATIONS = [CreateNormalizerSchema1795886070302, AddLifecycleEnrichmentAndBalances1796141557978];
