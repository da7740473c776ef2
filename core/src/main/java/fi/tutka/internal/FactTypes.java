package fi.tutka.internal;

import fi.tutka.facts.ClientAllocation;
import fi.tutka.facts.Decision;
import fi.tutka.facts.ResearchClass;
import fi.tutka.facts.Result;
import fi.tutka.facts.ServiceClass;
import fi.tutka.facts.TrialCheck;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What rules can name, for hints: the facts they match, the global {@code result}, and the fields (getters) and
 * methods of each, read from the classes themselves so that a new getter shows up without a change here.
 */
final class FactTypes {
    /** The facts the engine inserts, which rules match: {@code Decision( ... )}. */
    static final List<Class<?>> FACTS = List.of(ClientAllocation.class, Decision.class, ServiceClass.class,
            TrialCheck.class);
    /** Every class of {@code fi.tutka.facts} a rule file may import or name. */
    static final List<Class<?>> CLASSES = List.of(ClientAllocation.class, Decision.class, ResearchClass.class,
            Result.class, ServiceClass.class, TrialCheck.class);
    static final String PACKAGE = Decision.class.getPackageName();
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "equals");
    static final String RESULT_DECLARATION = "global " + Result.class.getName() + " " + Evaluator.RESULT_GLOBAL + ";";

    private FactTypes() {
    }

    /** {@code ClientAllocation, Decision, ServiceClass and TrialCheck}. */
    static String factList() {
        List<String> names = FACTS.stream().map(Class::getSimpleName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** A class of {@code fi.tutka.facts} by simple name, or any class on the class path by full name. */
    static Optional<Class<?>> byName(String name) {
        for (Class<?> type : CLASSES) {
            if (type.getSimpleName().equals(name) || type.getName().equals(name)) {
                return Optional.of(type);
            }
        }
        if (name.indexOf('.') > 0) {
            try {
                return Optional.of(Class.forName(name, false, FactTypes.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Collection<String> simpleNames(List<Class<?>> types) {
        return types.stream().map(Class::getSimpleName).toList();
    }

    /** The fields a constraint can name: {@code getAge()} is {@code age}, {@code isLive()} is {@code live}. */
    static SortedMap<String, Class<?>> fields(Class<?> type) {
        SortedMap<String, Class<?>> fields = new TreeMap<>();
        for (Method method : publicMethods(type)) {
            String name = method.getName();
            if (method.getParameterCount() != 0 || method.getReturnType() == void.class) {
                continue;
            }
            if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
                fields.put(decapitalise(name.substring(3)), method.getReturnType());
            } else if (name.startsWith("is") && name.length() > 2 && (method.getReturnType() == boolean.class
                    || method.getReturnType() == Boolean.class)) {
                fields.put(decapitalise(name.substring(2)), method.getReturnType());
            }
        }
        return fields;
    }

    /** The other methods, with their parameter types: {@code tag(String, String)}. */
    static List<String> methods(Class<?> type) {
        TreeSet<String> methods = new TreeSet<>();
        for (Method method : publicMethods(type)) {
            String name = method.getName();
            boolean getter = method.getParameterCount() == 0 && (name.startsWith("get") || name.startsWith("is"));
            if (!getter && !OBJECT_METHODS.contains(name)) {
                methods.add(name + "(" + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        return new ArrayList<>(methods);
    }

    /** The names of {@link #methods}, without parameters. */
    static List<String> methodNames(Class<?> type) {
        return methods(type).stream().map(m -> m.substring(0, m.indexOf('('))).distinct().toList();
    }

    /** A value's type in the words a rule author uses. */
    static String plain(String javaType) {
        String type = javaType.replace("class ", "").strip();
        return switch (type) {
            case "boolean", "java.lang.Boolean", "Boolean" -> "true or false";
            case "int", "long", "short", "java.lang.Integer", "java.lang.Long", "Integer", "Long" -> "a whole number";
            case "double", "float", "java.lang.Double", "java.math.BigDecimal", "BigDecimal", "Double" -> "a number";
            case "java.lang.String", "String" -> "text";
            case "java.time.LocalDate", "LocalDate" -> "a date";
            default -> type.substring(type.lastIndexOf('.') + 1);
        };
    }

    static String plain(Class<?> type) {
        if (type == BigDecimal.class) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date";
        }
        return plain(type.getName());
    }

    /** Every date field of a fact, by name: what a date literal can be compared with. */
    static Map<String, Class<?>> dateFields() {
        Map<String, Class<?>> dates = new TreeMap<>();
        for (Class<?> fact : FACTS) {
            fields(fact).forEach((name, type) -> {
                if (type == LocalDate.class) {
                    dates.put(name, fact);
                }
            });
        }
        return dates;
    }

    private static List<Method> publicMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())
                    && !method.isSynthetic() && !method.isBridge()) {
                methods.add(method);
            }
        }
        return methods;
    }

    private static String decapitalise(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
