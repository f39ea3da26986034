package org.embeddingstudio.core.onnx;

/**
 * Bytes that do not follow the protobuf wire format, or an ONNX message that lacks what the importer needs.
 * Internal: {@link OnnxModelReader} turns it into a {@link org.embeddingstudio.core.io.FileFormatException} that
 * names the file, so callers never see it.
 */
final class ProtobufException extends RuntimeException {
    ProtobufException(String message) {
        super(message);
    }
}
