/** A Google Drive folder link, as the backend accepts it (CONTRACT §3). */
export const driveFolderPattern =
  /^\s*https:\/\/drive\.google\.com\/drive\/(u\/\d+\/)?folders\/[A-Za-z0-9_-]+\/?(\?.*)?\s*$/;
