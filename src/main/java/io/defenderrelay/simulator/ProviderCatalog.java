package io.defenderrelay.simulator;

import java.util.List;

import static io.defenderrelay.simulator.EvidenceKind.ANALYZED_MESSAGE;
import static io.defenderrelay.simulator.EvidenceKind.AZURE_RESOURCE;
import static io.defenderrelay.simulator.EvidenceKind.CLOUD_APPLICATION;
import static io.defenderrelay.simulator.EvidenceKind.DEVICE;
import static io.defenderrelay.simulator.EvidenceKind.FILE;
import static io.defenderrelay.simulator.EvidenceKind.IP;
import static io.defenderrelay.simulator.EvidenceKind.KUBERNETES_POD;
import static io.defenderrelay.simulator.EvidenceKind.MAILBOX;
import static io.defenderrelay.simulator.EvidenceKind.MAIL_CLUSTER;
import static io.defenderrelay.simulator.EvidenceKind.OAUTH_APPLICATION;
import static io.defenderrelay.simulator.EvidenceKind.PROCESS;
import static io.defenderrelay.simulator.EvidenceKind.REGISTRY_KEY;
import static io.defenderrelay.simulator.EvidenceKind.REGISTRY_VALUE;
import static io.defenderrelay.simulator.EvidenceKind.SECURITY_GROUP;
import static io.defenderrelay.simulator.EvidenceKind.URL;
import static io.defenderrelay.simulator.EvidenceKind.USER;
import static io.defenderrelay.simulator.ProviderProfile.scenario;

/** The generated tenant's alert providers: one profile per serviceSource, weighted like a busy E5 tenant. */
final class ProviderCatalog {
    static final List<ProviderProfile> PROFILES = List.of(
            new ProviderProfile("microsoftDefenderForEndpoint", "da", "Microsoft Defender for Endpoint", 30,
                    List.of("microsoftDefenderForEndpoint", "antivirus", "smartScreen", "customTi",
                            "automatedInvestigation", "customDetection", "microsoftThreatExperts"),
                    List.of(scenario("Suspicious PowerShell command line", "A suspicious PowerShell command line "
                                    + "was found on the device; it may download and run a payload.", "Execution",
                                    "7a1c5cd5-b1e4-4e1e-a2e6-4b2c9d2f5a10", null, "T1059.001", "T1105"),
                            scenario("Possible credential theft from LSASS memory", "A process accessed the memory of "
                                    + "lsass.exe in a way typical of credential dumping tools.", "CredentialAccess",
                                    "3b6c0f4e-8d2a-4c1b-9e7f-1a2b3c4d5e6f", "Mimikatz", "T1003.001"),
                            scenario("Suspicious registry Run key created", "A program registered itself to start "
                                    + "at every logon through a Run key.", "Persistence",
                                    "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f", null, "T1547.001", "T1112"),
                            scenario("Ransomware behavior detected in the file system", "Many files were renamed "
                                    + "and encrypted in a short time by one process.", "Impact",
                                    "5d4c3b2a-1908-4f7e-8d6c-5b4a39281706", "LockBit", "T1486", "T1490"),
                            scenario("Suspicious process injection observed", "A process injected code into another "
                                    + "process, a common way to hide malicious activity.", "DefenseEvasion",
                                    "9e8d7c6b-5a49-4382-a716-05f4e3d2c1b0", null, "T1055", "T1055.012")),
                    List.of(DEVICE, PROCESS, USER), List.of(FILE, REGISTRY_KEY, REGISTRY_VALUE, IP, URL)),
            new ProviderProfile("microsoftDefenderForOffice365", "fa", "Microsoft Defender for Office 365", 15,
                    List.of("microsoftDefenderForOffice365", "automatedInvestigation"),
                    List.of(scenario("Email messages containing malicious URL removed after delivery", "Emails with "
                                    + "a malicious URL were delivered and later removed. -V1.0.0.3", "InitialAccess",
                                    "0f8e7d6c-5b4a-4938-a271-605f4e3d2c1b", null, "T1566.002", "T1204"),
                            scenario("Email messages containing malware removed after delivery", "Emails with a "
                                    + "malicious attachment were delivered and later removed.", "InitialAccess",
                                    "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Qakbot", "T1566.001"),
                            scenario("A potentially malicious URL click was detected", "A user clicked a link that "
                                    + "was later found malicious.", "InitialAccess",
                                    "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", null, "T1204.001"),
                            scenario("Suspicious email forwarding activity", "A mailbox started forwarding mail to an "
                                    + "external address.", "Exfiltration", "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f",
                                    null, "T1114.003")),
                    List.of(ANALYZED_MESSAGE, MAILBOX, URL), List.of(MAIL_CLUSTER, IP, FILE)),
            new ProviderProfile("microsoftDefenderForCloudApps", "ca", "Microsoft Defender for Cloud Apps", 10,
                    List.of("cloudAppSecurity"),
                    List.of(scenario("Impossible travel activity", "The user signed in from two countries too far "
                                    + "apart to travel between in the time observed.", "InitialAccess",
                                    "IMPOSSIBLE_TRAVEL_ACTIVITY", null, "T1078"),
                            scenario("Unusual addition of credentials to an OAuth app", "Credentials were added to an "
                                    + "OAuth app by a user who does not usually manage it.", "Persistence",
                                    "OAUTH_CREDENTIALS_ADDED", null, "T1098.001"),
                            scenario("Mass download by a single user", "A user downloaded an unusual number of files "
                                    + "in a short time.", "Exfiltration", "MASS_DOWNLOAD", null, "T1530"),
                            scenario("Activity from infrequent country", "Activity from a country not seen recently "
                                    + "in the organization.", "InitialAccess", "INFREQUENT_COUNTRY", null,
                                    "T1078.004")),
                    List.of(USER, CLOUD_APPLICATION, IP), List.of(OAUTH_APPLICATION, SECURITY_GROUP)),
            new ProviderProfile("microsoftDefenderForIdentity", "aa", "Microsoft Defender for Identity", 8,
                    List.of("microsoftDefenderForIdentity"),
                    List.of(scenario("Suspected DCSync attack (replication of directory services)", "A machine that "
                                    + "is not a domain controller requested directory replication.", "CredentialAccess",
                                    "DirectoryServicesReplicationSecurityAlert", null, "T1003.006"),
                            scenario("Account enumeration reconnaissance", "An actor enumerated domain accounts with "
                                    + "Kerberos or NTLM requests.", "Discovery", "AccountEnumerationSecurityAlert",
                                    null, "T1087.002"),
                            scenario("Suspected Kerberos SPN exposure", "Service tickets were requested for many "
                                    + "service accounts, as in Kerberoasting.", "CredentialAccess",
                                    "KerberoastingSecurityAlert", null, "T1558.003"),
                            scenario("Suspicious additions to sensitive groups", "A user was added to a sensitive "
                                    + "group outside the usual change process.", "PrivilegeEscalation",
                                    "SensitiveGroupAdditionSecurityAlert", null, "T1098")),
                    List.of(USER, DEVICE), List.of(IP, SECURITY_GROUP)),
            new ProviderProfile("azureAdIdentityProtection", "ad", "Microsoft Entra ID Protection", 8,
                    List.of("azureAdIdentityProtection"),
                    List.of(scenario("Unfamiliar sign-in properties", "The following properties of this sign-in are "
                                    + "unfamiliar for the given user: ASN, Browser, Device, IP, Location",
                                    "InitialAccess", "UnfamiliarFeatures", null, "T1078"),
                            scenario("Anonymous IP address", "Sign-in from an anonymous IP address (e.g. Tor browser).",
                                    "InitialAccess", "AnonymizedIPAddress", null, "T1090.003"),
                            scenario("Password spray", "Many accounts received sign-in attempts with common "
                                    + "passwords from the same source.", "CredentialAccess", "PasswordSpray", null,
                                    "T1110.003"),
                            scenario("Leaked credentials", "The user's valid credentials were found in a public "
                                    + "leak.", "CredentialAccess", "LeakedCredentials", null, "T1589.001")),
                    List.of(USER, IP), List.of()),
            new ProviderProfile("microsoft365Defender", "ra", "Microsoft Defender XDR", 8,
                    List.of("microsoft365Defender", "customDetection", "manual"),
                    List.of(scenario("Possible attempt to access Primary Refresh Token (PRT)", "A process tried to "
                                    + "read the Primary Refresh Token of a signed-in user.", "CredentialAccess",
                                    "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", null, "T1528"),
                            scenario("Suspicious activity related to AiTM phishing", "A sign-in followed a click on an "
                                    + "adversary-in-the-middle phishing page.", "InitialAccess",
                                    "f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c", null, "T1557", "T1566.002"),
                            scenario("Lateral movement using remote desktop", "A compromised account opened RDP "
                                    + "sessions to several servers.", "LateralMovement",
                                    "a3b4c5d6-e7f8-4a9b-8c1d-2e3f4a5b6c7d", null, "T1021.001")),
                    List.of(USER, DEVICE), List.of(MAILBOX, IP, URL)),
            new ProviderProfile("microsoftDefenderForCloud", "dc", "Microsoft Defender for Cloud", 8,
                    List.of("microsoftDefenderForCloud", "microsoftDefenderForServers", "microsoftDefenderForStorage",
                            "microsoftDefenderForContainers", "microsoftDefenderForKeyVault", "microsoftDefenderForDNS",
                            "microsoftDefenderForDatabases", "microsoftDefenderForResourceManager",
                            "microsoftDefenderForAppService", "microsoftDefenderForApiManagement",
                            "microsoftDefenderForNetwork", "microsoftDefenderForIoT"),
                    List.of(scenario("Digital currency mining container detected", "A container in a Kubernetes pod "
                                    + "runs a known crypto-mining image.", "Impact", "K8S_CryptoCoinMinerArtifacts",
                                    "CoinMiner", "T1496"),
                            scenario("Access from a suspicious IP to a storage account", "A storage account was "
                                    + "accessed from an IP address flagged by threat intelligence.", "Exfiltration",
                                    "Storage.Blob_SuspiciousIp", null, "T1530"),
                            scenario("Unusual volume of failed key vault operations", "A key vault received many "
                                    + "failed requests from one identity.", "CredentialAccess",
                                    "KV_AccountVolumeAnomaly", null, "T1555"),
                            scenario("Suspicious container image pulled from an unknown registry", "A pod pulled an "
                                    + "image from a registry never used in this cluster.", "Execution",
                                    "K8S_UnknownRegistryImage", null, "T1610")),
                    List.of(AZURE_RESOURCE, IP), List.of(KUBERNETES_POD, PROCESS)),
            new ProviderProfile("dataLossPrevention", "dl", "Microsoft Data Loss Prevention", 5,
                    List.of("microsoftDataLossPrevention"),
                    List.of(scenario("DLP policy (Financial data) matched for document in SharePoint", "A document "
                                    + "with credit card numbers was shared outside the organization.", "Exfiltration",
                                    "dlp-financial-data", null, "T1567"),
                            scenario("Sensitive file copied to a USB drive", "A labelled file was copied to removable "
                                    + "media.", "Exfiltration", "dlp-removable-media", null, "T1052.001")),
                    List.of(USER, FILE), List.of(DEVICE, CLOUD_APPLICATION)),
            new ProviderProfile("microsoftAppGovernance", "ga", "App Governance", 4,
                    List.of("appGovernancePolicy", "appGovernanceDetection"),
                    List.of(scenario("App with suspicious OAuth scope made graph calls to read email", "An OAuth app "
                                    + "with Mail.Read made many Graph calls to read mail.", "Collection",
                                    "AppGov_SuspiciousMailRead", null, "T1114.002"),
                            scenario("Overprivileged app with unused permissions", "An app holds high-privilege "
                                    + "permissions it has not used in 90 days.", "Persistence",
                                    "AppGov_Overprivileged", null, "T1098.003")),
                    List.of(OAUTH_APPLICATION, USER), List.of(CLOUD_APPLICATION)),
            new ProviderProfile("unknown", "xx", "Microsoft Defender XDR", 4,
                    List.of("unknown", "customTi"),
                    List.of(scenario("Connection to a custom indicator", "A device connected to an address on a "
                                    + "custom threat intelligence list.", "CommandAndControl", "CustomTiAlert", null,
                                    "T1071.001")),
                    List.of(URL, IP), List.of()));

    private ProviderCatalog() {
    }

    static ProviderProfile profile(String serviceSource) {
        for (ProviderProfile profile : PROFILES) {
            if (profile.serviceSource().equals(serviceSource)) {
                return profile;
            }
        }
        return PROFILES.get(PROFILES.size() - 1);
    }
}
