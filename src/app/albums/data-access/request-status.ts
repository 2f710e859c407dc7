/** Where a request stands; one union instead of loading/loaded/error booleans. */
export type RequestStatus = 'idle' | 'loading' | 'loaded' | 'error';
