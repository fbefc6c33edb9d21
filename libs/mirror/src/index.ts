export { MirrorModule } from './mirror.module';
export { MirrorService } from './mirror.service';
export { verifySnapshot, SNAPSHOT_PAYLOAD_TYPE, type SnapshotBody, type SnapshotVerdict } from './snapshot';
export { MIRRORED_TABLES } from './mirror.repository';
export { readOnlyMirror } from './read-only';
