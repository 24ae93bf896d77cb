// class-transformer ships the CommonJS singleton without a declaration next to it; its type lives in types/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
