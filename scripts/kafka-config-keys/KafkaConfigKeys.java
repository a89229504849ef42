// Prints the producer, broker and topic configuration keys of the Kafka on the class path, one per line as
// scope, key, type, min, max and allowed strings (tab-separated; empty when none), read from Kafka's own
// ConfigDefs. generate.sh runs it for each Kafka version and write-table.mjs merges the lines into TypeScript.
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

public class KafkaConfigKeys {
    private static final Pattern RANGE = Pattern.compile("^\\[(-?[0-9.]+),\\.\\.\\.(?:,(-?[0-9.]+))?\\]$");
    private static final Pattern CHOICES = Pattern.compile("^\\[([A-Za-z0-9_., -]+)\\]$");

    private static void print(String scope, ConfigDef def) {
        for (ConfigDef.ConfigKey key : new TreeMap<String, ConfigDef.ConfigKey>(def.configKeys()).values()) {
            String validator = key.validator == null ? "" : key.validator.toString();
            Matcher range = RANGE.matcher(validator);
            Matcher choices = CHOICES.matcher(validator);
            String min = "", max = "", allowed = "";
            if (range.matches()) {
                min = range.group(1);
                max = range.group(2) == null ? "" : range.group(2);
            } else if (key.type == ConfigDef.Type.STRING && choices.matches() && !validator.contains("...")) {
                allowed = String.join("|", choices.group(1).split(", "));
            }
            System.out.println(String.join("\t", List.of(scope, key.name, key.type.name(), min, max, allowed)));
        }
    }

    public static void main(String[] args) throws Exception {
        print("producer", org.apache.kafka.clients.producer.ProducerConfig.configDef());
        print("broker", kafka.server.KafkaConfig.configDef());
        ConfigDef topic = (ConfigDef) Class.forName("org.apache.kafka.storage.internals.log.LogConfig").getMethod("configDefCopy").invoke(null);
        print("topic", topic);
    }
}
