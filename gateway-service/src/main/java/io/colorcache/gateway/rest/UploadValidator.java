package io.colorcache.gateway.rest;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.protocol.image.ImageInfo;
import io.colorcache.protocol.image.ImageInspector;
import io.colorcache.protocol.image.InvalidImageException;
import jakarta.enterprise.context.ApplicationScoped;

/** The checks an upload passes before anything is stored or queued; each failure is a problem. */
@ApplicationScoped
public class UploadValidator {

    private final long maxBytes;
    private final ImageInspector inspector;

    public UploadValidator(InputsConfig config) {
        this.maxBytes = config.maxBytes();
        this.inspector = new ImageInspector(config.maxPixels());
    }

    public long maxBytes() {
        return maxBytes;
    }

    public ImageInfo validate(byte[] upload) {
        if (upload == null || upload.length == 0) {
            throw new ProblemException(ProblemType.MISSING_IMAGE, "the request body is empty; send the image as the "
                    + "body (Content-Type: image/jpeg or image/png) or as the multipart field 'image'");
        }
        if (upload.length > maxBytes) {
            throw tooLarge(upload.length);
        }
        try {
            return inspector.inspect(upload);
        } catch (InvalidImageException e) {
            ProblemType type = switch (e.reason()) {
                case UNSUPPORTED_FORMAT -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                case TOO_MANY_PIXELS -> ProblemType.IMAGE_TOO_LARGE;
                case CORRUPT -> ProblemType.CORRUPT_IMAGE;
            };
            throw new ProblemException(type, e.getMessage());
        }
    }

    ProblemException tooLarge(long length) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "the upload is " + length + " bytes; the limit is " + maxBytes + " bytes");
    }
}
