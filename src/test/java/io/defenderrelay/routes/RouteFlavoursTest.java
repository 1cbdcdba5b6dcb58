package io.defenderrelay.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.RouteConfigurationsDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/deliver.camel.xml must stay the flow of routes/deliver.camel.yaml: each is loaded into Camel's own model and
 * dumped the same way; any difference (a step, an option, an expression) fails the build.
 */
class RouteFlavoursTest {

    @Test
    void theXmlDeliveryRoutesAreTheYamlOnes() throws Exception {
        String yaml = model("file:routes/deliver.camel.yaml");
        String xml = model("file:routes/deliver.camel.xml");
        assertTrue(yaml.contains("<route id=\"deliver-window\""), yaml);
        assertEquals(yaml, xml, "routes/deliver.camel.xml has drifted from routes/deliver.camel.yaml");
    }

    /**
     * The YAML DSL keeps a doTry's doCatch clauses beside its steps, the XML DSL among them; both run the same, and
     * the XML dumper writes only the steps, so the clauses join the steps before the dump.
     */
    private static void catchesAsOutputs(RouteDefinition route) {
        for (TryDefinition doTry : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), TryDefinition.class)) {
            for (CatchDefinition doCatch : doTry.getCatchClauses()) {
                if (!doTry.getOutputs().contains(doCatch)) {
                    doTry.addOutput(doCatch);
                }
            }
        }
    }

    /** The routes and route configurations of one file as Camel's XML dump, without where they were read from. */
    private static String model(String location) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context).resolveResource(location));
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            RoutesDefinition routes = new RoutesDefinition();
            routes.setRoutes(model.getRouteDefinitions());
            RouteConfigurationsDefinition configurations = new RouteConfigurationsDefinition();
            configurations.setRouteConfigurations(model.getRouteConfigurationDefinitions());
            model.getRouteDefinitions().forEach(RouteFlavoursTest::catchesAsOutputs);
            String dump = PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, routes)
                    + PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, configurations);
            return dump.replaceAll(" source(Location|LineNumber)=\"[^\"]*\"", "");
        }
    }
}
