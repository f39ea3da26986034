package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.engine.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --precision fp32|bf16}, with the choices in the error when the value is neither. */
final class PrecisionOption implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
