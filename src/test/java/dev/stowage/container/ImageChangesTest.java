package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Expected values are what moby's BuildFromConfig + merge produce for {@code docker commit --change} (and
 * BuildFromConfig alone for {@code docker import --change}), worked out from moby's dispatchers and buildkit's
 * parser, instructions and shell lexer.
 */
class ImageChangesTest {

    private static ObjectNode doc(String json) {
        return Json.parseObject(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), "test config");
    }

    /** An image config document with the given runtime config (single quotes stand for double ones). */
    private static ObjectNode image(String runtimeConfig) {
        return doc("{'architecture':'amd64','os':'linux','config':" + runtimeConfig
                + ",'rootfs':{'type':'layers','diff_ids':[]}}");
    }

    private static JsonNode commit(String runtimeConfig, String... changes) {
        ObjectNode img = image(runtimeConfig);
        ImageChanges.parse(List.of(changes)).applyTo(img);
        return img.get("config");
    }

    private static JsonNode json(String s) {
        return doc("{'v':" + s + "}").get("v");
    }

    /** JSON as is, for values that hold single quotes. */
    private static JsonNode rawJson(String s) {
        return Json.parseAny(s.getBytes(StandardCharsets.UTF_8), "expected");
    }

    private static String error(String... changes) {
        try {
            ImageChanges.parse(List.of(changes));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + List.of(changes));
    }

    // ---- CMD / ENTRYPOINT ----

    @Test
    void execFormCmdIsKeptExactly() {
        JsonNode c = commit("{'Cmd':['sh']}", "CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]");
        assertThat(c.get("Cmd")).isEqualTo(json("['/bin/httpd','-f','-h','/data/www']"));
        // exec form is not expanded or unquoted: strings go through as JSON decoded them
        c = commit("{'Env':['A=1']}", "CMD [ \"echo\", \"$A\", \"'x y'\", \"a\\\\b\" ]");
        assertThat(c.get("Cmd")).isEqualTo(rawJson("[\"echo\",\"$A\",\"'x y'\",\"a\\\\b\"]"));
    }

    @Test
    void shellFormCmdRunsUnderBinShAsWritten() {
        assertThat(commit("{}", "CMD /bin/sh").get("Cmd")).isEqualTo(json("['/bin/sh','-c','/bin/sh']"));
        // the rest of the line is one string: inner spacing, quotes and variables untouched
        assertThat(commit("{}", "CMD   echo  \"a b\"   $HOME  ").get("Cmd"))
                .isEqualTo(json("['/bin/sh','-c','echo  \\\"a b\\\"   $HOME']"));
        // the config's SHELL replaces /bin/sh -c
        assertThat(commit("{'Shell':['/bin/bash','-o','pipefail','-c']}", "CMD make all").get("Cmd"))
                .isEqualTo(json("['/bin/bash','-o','pipefail','-c','make all']"));
    }

    @Test
    void invalidJsonArrayFallsBackToShellForm() {
        assertThat(commit("{}", "CMD [\"a\", ]").get("Cmd")).isEqualTo(json("['/bin/sh','-c','[\\\"a\\\", ]']"));
        assertThat(commit("{}", "CMD [/bin/echo, hi]").get("Cmd")).isEqualTo(json("['/bin/sh','-c','[/bin/echo, hi]']"));
        assertThat(commit("{}", "CMD [\"echo\"] trailing").get("Cmd"))
                .isEqualTo(json("['/bin/sh','-c','[\\\"echo\\\"] trailing']"));
        assertThat(commit("{}", "CMD ['single', 'quotes']").get("Cmd"))
                .isEqualTo(rawJson("[\"/bin/sh\",\"-c\",\"['single', 'quotes']\"]"));
        // a real JSON array with a non-string is an error, not a shell command
        assertThat(error("CMD [\"echo\", 1]")).isEqualTo("when using JSON array syntax, arrays must be comprised of strings only");
    }

    @Test
    void cmdClearsArgsEscapedAndAnEmptyCmdIsKeptOnlyNextToAnEntrypoint() {
        JsonNode c = commit("{'Cmd':['old'],'ArgsEscaped':true}", "CMD [\"new\"]");
        assertThat(c.has("ArgsEscaped")).isFalse();
        assertThat(c.get("Cmd")).isEqualTo(json("['new']"));
        // CMD [] empties Cmd; with no Entrypoint the commit merge puts the image's Cmd (and ArgsEscaped) back
        c = commit("{'Entrypoint':['/e'],'Cmd':['old']}", "CMD []");
        assertThat(c.get("Cmd")).isEqualTo(json("[]"));
        c = commit("{'Cmd':['old'],'ArgsEscaped':true}", "CMD []");
        assertThat(c.get("Cmd")).isEqualTo(json("['old']"));
        assertThat(c.get("ArgsEscaped").asBoolean()).isTrue();
        // a bare CMD is the shell alone (moby prepends the shell to an empty, non-nil command line)
        assertThat(commit("{}", "CMD").get("Cmd")).isEqualTo(json("['/bin/sh','-c']"));
    }

    @Test
    void entrypointResetsCmdUnlessACmdCameBeforeIt() {
        // docker commit --change 'ENTRYPOINT ...' drops the image's Cmd: BuildFromConfig starts a fresh dispatch
        // state (cmdSet=false), and merge only restores Cmd when the new Entrypoint is empty
        JsonNode c = commit("{'Entrypoint':['/old'],'Cmd':['--flag']}", "ENTRYPOINT [\"/entry\",\"run\"]");
        assertThat(c.get("Entrypoint")).isEqualTo(json("['/entry','run']"));
        assertThat(c.get("Cmd").isNull()).isTrue();
        c = commit("{}", "ENTRYPOINT exec top -b");
        assertThat(c.get("Entrypoint")).isEqualTo(json("['/bin/sh','-c','exec top -b']"));
        assertThat(c.has("Cmd")).isFalse();
        // a CMD earlier in the same changes survives; a CMD after it is simply set
        c = commit("{'Cmd':['old']}", "CMD [\"-v\"]", "ENTRYPOINT [\"/e\"]");
        assertThat(c.get("Cmd")).isEqualTo(json("['-v']"));
        c = commit("{'Cmd':['old']}", "ENTRYPOINT [\"/e\"]", "CMD [\"-v\"]");
        assertThat(c.get("Entrypoint")).isEqualTo(json("['/e']"));
        assertThat(c.get("Cmd")).isEqualTo(json("['-v']"));
    }

    @Test
    void emptyEntrypointKeepsTheImagesOnCommitButNotOnImport() {
        // ENTRYPOINT [] parses to a nil entrypoint, which merge fills back in, Cmd with it
        JsonNode c = commit("{'Entrypoint':['/e'],'Cmd':['x']}", "ENTRYPOINT []");
        assertThat(c.get("Entrypoint")).isEqualTo(json("['/e']"));
        assertThat(c.get("Cmd")).isEqualTo(json("['x']"));
        ObjectNode imported = image("{}");
        ImageChanges.parse(List.of("ENTRYPOINT []", "CMD []")).applyToImported(imported);
        assertThat(imported.get("config").has("Entrypoint")).isFalse();
        assertThat(imported.get("config").get("Cmd")).isEqualTo(json("[]"));
    }

    // ---- ENV ----

    @Test
    void envPairsUnquoteAndEscape() {
        JsonNode c = commit("{}", "ENV K=V K2=\"v 2\" K3='it''s' K4=a\\ b K5=\"say \\\"hi\\\"\" K6=back\\\\slash K7=");
        assertThat(c.get("Env")).isEqualTo(json("['K=V','K2=v 2','K3=its','K4=a b','K5=say \\\"hi\\\"',"
                + "'K6=back\\\\slash','K7=']"));
        // inside double quotes a backslash escapes only \" \\ and \$; elsewhere it stays
        c = commit("{}", "ENV P=\"C:\\dir\\n\" Q='no \\escape'");
        assertThat(c.get("Env")).isEqualTo(json("['P=C:\\\\dir\\\\n','Q=no \\\\escape']"));
    }

    @Test
    void legacyEnvTakesTheRestOfTheLineAsValue() {
        JsonNode c = commit("{}", "ENV K V with  spaces", "env QUOTED \"a  b\" c");
        assertThat(c.get("Env")).isEqualTo(json("['K=V with  spaces','QUOTED=a  b c']"));
    }

    @Test
    void envReplacesInPlaceAndAppendsInOrder() {
        JsonNode c = commit("{'Env':['PATH=/usr/bin','K=old','Z=1']}", "ENV K=new N=1", "ENV A=2 N=3");
        assertThat(c.get("Env")).isEqualTo(json("['PATH=/usr/bin','K=new','Z=1','N=3','A=2']"));
    }

    @Test
    void envExpandsAgainstTheEnvironmentBeforeTheInstruction() {
        JsonNode c = commit("{'Env':['PATH=/usr/bin','HOME=/root']}",
                "ENV PATH=$PATH:/opt/bin A=1 B=${A}x", "ENV C=$A D=${UNSET:-dflt} E=${HOME:+set} F='$HOME' G=\\$HOME");
        assertThat(c.get("Env")).isEqualTo(json("['PATH=/usr/bin:/opt/bin','HOME=/root','A=1','B=x','C=1',"
                + "'D=dflt','E=set','F=$HOME','G=$HOME']"));
        c = commit("{'Env':['F=archive.tar.gz']}", "ENV BASE=${F%%.*} EXT=${F#*.} LONG=${F##*.} R=${F/tar/zip}");
        assertThat(c.get("Env")).isEqualTo(json("['F=archive.tar.gz','BASE=archive','EXT=tar.gz','LONG=gz',"
                + "'R=archive.zip.gz']"));
    }

    // ---- EXPOSE ----

    @Test
    void exposeAddsPortsWithProtocolsAndExpandsRanges() {
        JsonNode c = commit("{'ExposedPorts':{'22/tcp':{}}}", "EXPOSE 80 443/tcp 53/udp 8000-8002 9/SCTP");
        assertThat(c.get("ExposedPorts")).isEqualTo(json("{'22/tcp':{},'443/tcp':{},'53/udp':{},'80/tcp':{},"
                + "'8000/tcp':{},'8001/tcp':{},'8002/tcp':{},'9/sctp':{}}"));
        // keys in Go's map order, as docker writes them
        assertThat(c.get("ExposedPorts").fieldNames()).toIterable()
                .containsExactly("22/tcp", "443/tcp", "53/udp", "80/tcp", "8000/tcp", "8001/tcp", "8002/tcp", "9/sctp");
        // a host side is accepted and dropped; a variable may hold several ports
        c = commit("{'Env':['PORTS=7000 7001/udp']}", "EXPOSE 127.0.0.1:8080:80 $PORTS");
        assertThat(c.get("ExposedPorts")).isEqualTo(json("{'7000/tcp':{},'7001/udp':{},'80/tcp':{}}"));
    }

    @Test
    void exposeRejectsWhatNatRejects() {
        assertThat(error("EXPOSE http")).isEqualTo("invalid containerPort: http");
        assertThat(error("EXPOSE 80/icmp")).isEqualTo("invalid proto: icmp");
        assertThat(error("EXPOSE 70000")).isEqualTo("invalid containerPort: 70000");
        assertThat(error("EXPOSE 9000-8000")).isEqualTo("invalid containerPort: 9000-8000");
        assertThat(error("EXPOSE")).isEqualTo("EXPOSE requires at least one argument");
        ObjectNode img = image("{'Env':['P=nope']}");
        ImageChanges changes = ImageChanges.parse(List.of("EXPOSE $P"));
        assertThatThrownBy(() -> changes.applyTo(img)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid containerPort: nope");
    }

    // ---- LABEL ----

    @Test
    void labelsMergeIntoTheImagesLabels() {
        JsonNode c = commit("{'Labels':{'z':'1','a':'old'}}", "LABEL a=b \"c d\"=\"e f\" multi=\"x\\\"y\"");
        assertThat(c.get("Labels")).isEqualTo(json("{'a':'b','c d':'e f','multi':'x\\\"y','z':'1'}"));
        assertThat(c.get("Labels").fieldNames()).toIterable().containsExactly("a", "c d", "multi", "z");
        c = commit("{'Env':['V=1.2']}", "LABEL version ${V} beta", "LABEL org.opencontainers.image.title=web");
        assertThat(c.get("Labels")).isEqualTo(json("{'org.opencontainers.image.title':'web','version':'1.2 beta'}"));
    }

    // ---- USER, WORKDIR, STOPSIGNAL ----

    @Test
    void userIsSetAndAnEmptyUserKeepsTheImagesOnCommit() {
        assertThat(commit("{'User':'root'}", "USER 1000:1000").get("User").asText()).isEqualTo("1000:1000");
        assertThat(commit("{'User':'root','Env':['U=app']}", "USER $U").get("User").asText()).isEqualTo("app");
        assertThat(commit("{'User':'root'}", "USER \"\"").get("User").asText()).isEqualTo("root");
        assertThat(error("USER")).isEqualTo("USER requires exactly one argument");
    }

    @Test
    void workdirJoinsRelativePathsAndCleans() {
        assertThat(commit("{'WorkingDir':'/app'}", "WORKDIR sub/../lib").get("WorkingDir").asText()).isEqualTo("/app/lib");
        assertThat(commit("{}", "WORKDIR /srv", "WORKDIR www", "WORKDIR ./html/").get("WorkingDir").asText())
                .isEqualTo("/srv/www/html");
        assertThat(commit("{}", "WORKDIR rel").get("WorkingDir").asText()).isEqualTo("/rel");
        assertThat(commit("{'WorkingDir':'/a'}", "WORKDIR /x//y/./z/../").get("WorkingDir").asText()).isEqualTo("/x/y");
        assertThat(commit("{}", "WORKDIR /../..").get("WorkingDir").asText()).isEqualTo("/");
        assertThat(commit("{'Env':['HOME=/root']}", "WORKDIR $HOME/src").get("WorkingDir").asText())
                .isEqualTo("/root/src");
        assertThat(commit("{}", "WORKDIR /my dir").get("WorkingDir").asText()).isEqualTo("/my dir");
        assertThat(error("WORKDIR")).isEqualTo("WORKDIR requires exactly one argument");
        assertThat(error("WORKDIR \"\"")).isEqualTo("cannot normalize nothing");
    }

    @Test
    void stopSignalIsKeptAsWrittenWhenDockerKnowsIt() {
        assertThat(commit("{}", "STOPSIGNAL SIGKILL").get("StopSignal").asText()).isEqualTo("SIGKILL");
        assertThat(commit("{}", "STOPSIGNAL 9").get("StopSignal").asText()).isEqualTo("9");
        assertThat(commit("{}", "stopsignal term").get("StopSignal").asText()).isEqualTo("term");
        assertThat(commit("{}", "STOPSIGNAL SIGRTMIN+3").get("StopSignal").asText()).isEqualTo("SIGRTMIN+3");
        assertThat(error("STOPSIGNAL SIGFOO")).isEqualTo("invalid signal: SIGFOO");
        assertThat(error("STOPSIGNAL 0")).isEqualTo("invalid signal: 0");
        assertThat(error("STOPSIGNAL")).isEqualTo("STOPSIGNAL requires exactly one argument");
    }

    // ---- VOLUME, ONBUILD ----

    @Test
    void volumesFromJsonOrWords() {
        JsonNode c = commit("{'Volumes':{'/old':{}}}", "VOLUME [\"/data\", \"/var/log\"]", "VOLUME /b /a");
        assertThat(c.get("Volumes")).isEqualTo(json("{'/a':{},'/b':{},'/data':{},'/old':{},'/var/log':{}}"));
        assertThat(c.get("Volumes").fieldNames()).toIterable().containsExactly("/a", "/b", "/data", "/old", "/var/log");
        assertThat(commit("{}", "VOLUME [\"/with space\"]").get("Volumes")).isEqualTo(json("{'/with space':{}}"));
        assertThat(error("VOLUME []")).isEqualTo("VOLUME requires at least one argument");
        assertThat(error("VOLUME [\" \"]")).isEqualTo("VOLUME specified can not be an empty string");
    }

    @Test
    void onbuildAppendsTheTriggerAsWritten() {
        JsonNode c = commit("{'OnBuild':['RUN a']}", "ONBUILD RUN echo \"hi  there\" $X", "onbuild  add . /app");
        assertThat(c.get("OnBuild")).isEqualTo(json("['RUN a','RUN echo \\\"hi  there\\\" $X','add . /app']"));
        assertThat(error("ONBUILD ONBUILD RUN x")).isEqualTo("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        assertThat(error("ONBUILD from alpine")).isEqualTo("FROM isn't allowed as an ONBUILD trigger");
        assertThat(error("ONBUILD")).isEqualTo("ONBUILD requires at least one argument");
        // the trigger must at least parse
        assertThat(error("ONBUILD ENV a=b c")).isEqualTo("Syntax error - can't find = in \"c\". Must be of the form: name=value");
    }

    // ---- HEALTHCHECK ----

    @Test
    void healthcheckFlagsAndForms() {
        JsonNode c = commit("{}", "HEALTHCHECK --timeout 5s --interval=30s --start-period=1m30s --retries=3 "
                + "CMD curl -f http://localhost/ || exit 1");
        assertThat(c.get("Healthcheck")).isEqualTo(json("{'Test':['CMD-SHELL','curl -f http://localhost/ || exit 1'],"
                + "'Interval':30000000000,'Timeout':5000000000,'StartPeriod':90000000000,'Retries':3}"));
        c = commit("{}", "HEALTHCHECK --start-interval=500ms cmd [\"/bin/check\", \"-q\"]");
        assertThat(c.get("Healthcheck")).isEqualTo(json("{'Test':['CMD','/bin/check','-q'],'StartInterval':500000000}"));
        // on commit, what the new healthcheck leaves zero comes from the image's
        c = commit("{'Healthcheck':{'Test':['CMD','old'],'Interval':10000000000,'Retries':5}}", "HEALTHCHECK NONE");
        assertThat(c.get("Healthcheck")).isEqualTo(json("{'Test':['NONE'],'Interval':10000000000,'Retries':5}"));
    }

    @Test
    void healthcheckErrors() {
        assertThat(error("HEALTHCHECK")).isEqualTo("HEALTHCHECK requires at least one argument");
        assertThat(error("HEALTHCHECK NONE x")).isEqualTo("HEALTHCHECK NONE takes no arguments");
        assertThat(error("HEALTHCHECK CMD")).isEqualTo("Missing command after HEALTHCHECK CMD");
        assertThat(error("HEALTHCHECK RUN x")).isEqualTo("Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
        assertThat(error("HEALTHCHECK --every=5s CMD x")).isEqualTo("unknown flag: --every");
        assertThat(error("HEALTHCHECK --interval=5 CMD x")).isEqualTo("time: missing unit in duration \"5\"");
        assertThat(error("HEALTHCHECK --interval=5d CMD x")).isEqualTo("time: unknown unit \"d\" in duration \"5d\"");
        assertThat(error("HEALTHCHECK --interval=100us CMD x")).isEqualTo("Interval \"interval\" cannot be less than 1ms");
        assertThat(error("HEALTHCHECK --retries=-1 CMD x")).isEqualTo("--retries cannot be negative (-1)");
        assertThat(error("HEALTHCHECK --retries=3 --retries=4 CMD x")).isEqualTo("duplicate flag specified: --retries");
        // buildkit's flag splitter takes "--flag value" only until a flag has used "=": then the value is not a flag
        assertThat(error("HEALTHCHECK --interval=30s --timeout 5s CMD x")).isEqualTo("missing a value on flag: --timeout");
    }

    // ---- several changes, and the rest of the document ----

    @Test
    void changesApplyInOrderCaseInsensitivelyAndTrimmed() {
        JsonNode c = commit("{'Env':['PATH=/bin']}",
                "  env APP=/opt/app  ",
                "WorkDir $APP",
                "\tuser nobody",
                "Expose 8080",
                "cmd [\"./serve\"]",
                "ENV APP=/elsewhere");
        assertThat(c).isEqualTo(json("{'Env':['PATH=/bin','APP=/elsewhere'],'WorkingDir':'/opt/app','User':'nobody',"
                + "'ExposedPorts':{'8080/tcp':{}},'Cmd':['./serve']}"));
    }

    @Test
    void everythingElseInTheDocumentIsKept() {
        ObjectNode img = doc("{'architecture':'arm64','os':'linux','variant':'v8','created':'2024-01-02T03:04:05Z',"
                + "'config':{'Hostname':'','Env':['A=1'],'Cmd':['sh'],'x-unknown':{'deep':[1,2]},'Labels':null},"
                + "'rootfs':{'type':'layers','diff_ids':['sha256:" + "a".repeat(64) + "']},"
                + "'history':[{'created_by':'/bin/sh'}],'x-extra':true}");
        ObjectNode before = img.deepCopy();
        ImageChanges.parse(List.of("LABEL k=v")).applyTo(img);
        ObjectNode config = (ObjectNode) img.get("config");
        assertThat(config.get("Labels")).isEqualTo(json("{'k':'v'}"));
        config.remove("Labels");
        ((ObjectNode) before.get("config")).remove("Labels");
        assertThat(img).isEqualTo(before);
    }

    @Test
    void aMissingOrNullConfigIsCreated() {
        ObjectNode img = doc("{'os':'linux','rootfs':{'type':'layers','diff_ids':[]}}");
        ImageChanges.parse(List.of("CMD [\"x\"]")).applyTo(img);
        assertThat(img.get("config")).isEqualTo(json("{'Cmd':['x']}"));
        img = doc("{'os':'linux','config':null}");
        ImageChanges.parse(List.of("USER u")).applyToImported(img);
        assertThat(img.get("config")).isEqualTo(json("{'User':'u'}"));
        ObjectNode bad = doc("{'config':[]}");
        assertThatThrownBy(() -> ImageChanges.parse(List.of("USER u")).applyTo(bad))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingChangeLeavesTheDocumentAlone() {
        ImageChanges changes = ImageChanges.parse(List.of("USER app", "ENV X=\"${REQUIRED:?must be set}\""));
        ObjectNode img = image("{'User':'root'}");
        ObjectNode before = img.deepCopy();
        assertThatThrownBy(() -> changes.applyTo(img)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failed to process \"\\\"${REQUIRED:?must be set}\\\"\": REQUIRED: must be set");
        assertThat(img).isEqualTo(before);
        // with the variable set, the same changes apply
        ObjectNode ok = image("{'Env':['REQUIRED=yes']}");
        changes.applyTo(ok);
        assertThat(ok.get("config").get("Env")).isEqualTo(json("['REQUIRED=yes','X=yes']"));
    }

    @Test
    void changesCanBeAppliedAgainAndDescribed() {
        ImageChanges changes = ImageChanges.parse(List.of(" CMD  /bin/sh ", "EXPOSE 80"));
        assertThat(changes.describe()).isEqualTo("CMD  /bin/sh; EXPOSE 80");
        assertThat(changes.isEmpty()).isFalse();
        ObjectNode a = image("{}");
        ObjectNode b = image("{}");
        changes.applyTo(a);
        changes.applyTo(b);
        assertThat(a).isEqualTo(b);
        ImageChanges none = ImageChanges.parse(List.of());
        assertThat(none.isEmpty()).isTrue();
        ObjectNode c = image("{'Cmd':['x']}");
        ObjectNode before = c.deepCopy();
        none.applyTo(c);
        assertThat(c).isEqualTo(before);
    }

    // ---- errors ----

    @Test
    void onlyDockersChangeCommandsAreAccepted() {
        assertThat(error("FOO bar")).isEqualTo("unknown instruction: FOO");
        assertThat(error("RUN apt-get update")).isEqualTo("RUN is not a valid change command");
        assertThat(error("run x")).isEqualTo("run is not a valid change command");
        assertThat(error("CMD [\"ok\"]", "COPY a /b")).isEqualTo("COPY is not a valid change command");
        for (String c : List.of("ADD a b", "ARG x", "FROM scratch", "MAINTAINER me", "SHELL [\"sh\"]")) {
            assertThat(error(c)).isEqualTo(c.split(" ")[0] + " is not a valid change command");
        }
    }

    @Test
    void malformedChangesFailWithDockersMessages() {
        assertThat(error("ENV")).isEqualTo("ENV requires at least one argument");
        assertThat(error("ENV K")).isEqualTo("ENV must have two arguments");
        assertThat(error("LABEL k")).isEqualTo("LABEL must have two arguments");
        assertThat(error("ENV a=b c")).isEqualTo("Syntax error - can't find = in \"c\". Must be of the form: name=value");
        assertThat(error("ENV =v")).isEqualTo("ENV names can not be blank");
        assertThat(error("ENV A=\"unterminated"))
                .isEqualTo("failed to process \"\\\"unterminated\": unexpected end of statement while looking for matching double-quote");
        assertThat(error("ENV A=${B")).isEqualTo("failed to process \"${B\": syntax error: missing '}'");
        assertThat(error("LABEL a=${}")).isEqualTo("failed to process \"${}\": syntax error: bad substitution");
        assertThat(error("CMD --foo x")).isEqualTo("unknown flag: --foo");
        assertThat(error("")).isEqualTo("file with no instructions");
        assertThat(error("# just a comment")).isEqualTo("file with no instructions");
        // a variable's value is only known against a config, so parse lets it through
        assertThat(ImageChanges.parse(List.of("STOPSIGNAL $SIG", "WORKDIR $DIR", "ENV A=${B:?}")).isEmpty()).isFalse();
    }
}
