package io.defenderrelay.deliver.siem;

import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.deliver.DeadLetterFile;
import io.defenderrelay.deliver.SinkAcknowledgements;
import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Clock;

/** The SIEM sink's bean. Added to Camel Main by RelayMain. */
public class SiemConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public SiemDelivery siemDelivery(CamelContext context, DeadLetterFile deadLetterFile,
                                     SinkAcknowledgements sinkAcknowledgements, RelayMetrics relayMetrics) {
        return new SiemDelivery(SiemSettings.read(SettingsSource.of(context)), deadLetterFile, sinkAcknowledgements,
                Clock.systemUTC(), relayMetrics);
    }
}
