package com.snapmap.gateway;

import com.snapmap.contract.PhotoDoc;

/**
 * A stored photo with the key that uploaded it.
 *
 * @param uploader the uploading key's hash; null for a photo stored before uploaders were recorded
 */
public record OwnedPhoto(PhotoDoc photo, String uploader) {}
