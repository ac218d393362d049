package dev.stowage.container;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/** Container IDs and names as docker makes them: 64 random hex digits, and {@code adjective_surname} names. */
public final class Names {
    /** docker's restriction on container names. */
    public static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<String> ADJECTIVES = List.of("admiring", "adoring", "affectionate", "agitated",
            "amazing", "angry", "awesome", "beautiful", "blissful", "bold", "brave", "busy", "charming", "clever",
            "compassionate", "competent", "confident", "cool", "cranky", "crazy", "dazzling", "determined",
            "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic",
            "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant",
            "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry",
            "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
            "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice",
            "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical",
            "priceless", "quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene",
            "sharp", "silly", "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender",
            "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly",
            "wonderful", "xenodochial", "youthful", "zealous", "zen");

    private static final List<String> SURNAMES = List.of("albattani", "allen", "almeida", "archimedes",
            "ardinghelli", "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "blackwell",
            "bohr", "booth", "borg", "bose", "brahmagupta", "brattain", "brown", "carson", "cerf", "chandrasekhar",
            "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci", "dijkstra", "dubinsky", "easley",
            "einstein", "elion", "engelbart", "euclid", "euler", "fermat", "fermi", "feynman", "franklin",
            "galileo", "gates", "goldberg", "goldstine", "goldwasser", "golick", "goodall", "hamilton", "hawking",
            "heisenberg", "hermann", "hodgkin", "hofstadter", "hoover", "hopper", "hugle", "hypatia", "jackson",
            "jang", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "kare", "keller",
            "kepler", "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr", "lamport",
            "leakey", "leavitt", "lewin", "lichterman", "liskov", "lovelace", "lumiere", "mahavira", "mayer",
            "mccarthy", "mcclintock", "mclean", "mcnulty", "meitner", "mendel", "mirzakhani", "montalcini",
            "moore", "morse", "napier", "nash", "neumann", "newton", "nobel", "noether", "northcutt", "noyce",
            "panini", "pare", "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras", "ptolemy",
            "raman", "ramanujan", "ride", "ritchie", "roentgen", "rosalind", "saha", "sammet", "shannon",
            "shaw", "shirley", "shockley", "sinoussi", "snyder", "spence", "stonebraker", "sutherland",
            "swanson", "swartz", "swirles", "tesla", "thompson", "torvalds", "turing", "varahamihira",
            "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright",
            "yalow", "yonath");

    private Names() {
    }

    /** 64 hex digits whose 12-digit short form is never all decimal digits (docker's rule). */
    public static String newId() {
        while (true) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!id.substring(0, 12).matches("[0-9]+")) return id;
        }
    }

    /** A random name; from the {@code retry}-th attempt on a digit is appended, as docker does. */
    public static String randomName(Random random, int retry) {
        String name;
        do {
            name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
        } while (name.equals("boring_wozniak"));
        return retry > 0 ? name + random.nextInt(10) : name;
    }

    /** A name the user gave: docker's grammar, with a leading {@code /} allowed and dropped. */
    public static String checkName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID_NAME.matcher(n).matches()) {
            throw new ContainerException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return n;
    }
}
