package com.videorelay.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** A create's reference image in the forms providers take inline: base64, or a {@code data:} URI. */
public final class ReferenceImages {

    private ReferenceImages() {
    }

    /** Providers with their own image storage cannot resolve an OpenAI file id: a 400 naming it. */
    public static void refuseFileId(Submission.Image image) {
        if (image.fileId() != null) {
            throw ProviderFailure.rejected("Invalid 'input_reference': file_id references cannot be used with this model; "
                    + "upload the image or give its image_url.", "input_reference", "invalid_value");
        }
    }

    /** The upload's declared image type, image/png when it declares none or another kind. */
    public static String mediaType(Submission.Upload upload) {
        return upload.contentType() != null && upload.contentType().startsWith("image/")
                ? upload.contentType().split(";")[0].trim() : "image/png";
    }

    /** The upload in base64; an upload over {@code maxBytes} is a 400 saying the {@code limit}. */
    public static String base64(Submission.Upload upload, long maxBytes, String limit) {
        if (upload.size() > maxBytes) {
            throw ProviderFailure.rejected("Invalid 'input_reference': the image is too large for this model (at most "
                    + limit + ").", "input_reference", "file_too_large");
        }
        try (InputStream in = upload.opener().open()) {
            return Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upload as {@code data:<type>;base64,…}, within the same limit. */
    public static String dataUri(Submission.Upload upload, long maxBytes, String limit) {
        String type = mediaType(upload);
        return "data:" + type + ";base64," + base64(upload, maxBytes, limit);
    }
}
