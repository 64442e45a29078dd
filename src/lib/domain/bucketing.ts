// How the platform's SDKs assign a unit to an arm: the arithmetic lives in lib/bucketing (the importer's
// assignment audit uses it too); the design model's callers import it from here.
export {
  bucket,
  bucketInput,
  variationForBucket,
  type BucketAssignment,
} from '../bucketing/bucket.ts';
