package fi.tutka.internal;

import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Java records as JSON objects with their components in declaration order, named in snake_case; null
 * components are left out and enums by their {@code toString()}. One fixed order for every record type, so records
 * on the wire and their golden files never reorder.
 */
public abstract class RecordWriter<T extends Record> implements JsonbSerializer<T> {
    private static final Map<Class<?>, Property[]> PROPERTIES = new ConcurrentHashMap<>();

    private record Property(String name, Method accessor) {
    }

    /** Subclass it anonymously, {@code new RecordWriter<Outcome>() { }}, so that JSON-B sees the type. */
    protected RecordWriter() {
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializationContext context) {
        writeObject(value, generator);
    }

    /** Writes a record as a JSON object. */
    public static void writeObject(Record value, JsonGenerator generator) {
        generator.writeStartObject();
        writeProperties(value, generator);
        generator.writeEnd();
    }

    private static void writeProperties(Record value, JsonGenerator generator) {
        for (Property property : PROPERTIES.computeIfAbsent(value.getClass(), RecordWriter::properties)) {
            Object component;
            try {
                component = property.accessor.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + property.name + " of " + value.getClass(), e);
            }
            if (component != null) {
                generator.writeKey(property.name);
                writeValue(component, generator);
            }
        }
    }

    private static void writeValue(Object value, JsonGenerator generator) {
        if (value instanceof String s) {
            generator.write(s);
        } else if (value instanceof Boolean b) {
            generator.write(b);
        } else if (value instanceof Integer i) {
            generator.write(i);
        } else if (value instanceof Long l) {
            generator.write(l);
        } else if (value instanceof BigDecimal d) {
            generator.write(d);
        } else if (value instanceof LocalDate || value instanceof Instant) {
            generator.write(value.toString());
        } else if (value instanceof Enum<?> e) {
            generator.write(e.toString());
        } else if (value instanceof Record r) {
            writeObject(r, generator);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeKey(String.valueOf(entry.getKey()));
                writeValue(entry.getValue(), generator);
            }
            generator.writeEnd();
        } else if (value instanceof Collection<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                writeValue(item, generator);
            }
            generator.writeEnd();
        } else {
            generator.write(value.toString());
        }
    }

    private static Property[] properties(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Property[] properties = new Property[components.length];
        // Plain reflection: a MethodHandle invoked with inexact types spins bytecode at run time for every shape,
        // which is what a cold JVM can least afford.
        for (int i = 0; i < components.length; i++) {
            Method accessor = components[i].getAccessor();
            try {
                accessor.setAccessible(true);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot read record " + type.getName() + ": make it public", e);
            }
            properties[i] = new Property(snakeCase(components[i].getName()), accessor);
        }
        return properties;
    }

    /** {@code rulesetVersion} becomes {@code ruleset_version}; {@code specversion} stays. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
