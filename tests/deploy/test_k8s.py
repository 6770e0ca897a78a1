"""deploy/k8s/: every manifest validated offline against the Kubernetes JSON schemas
(kubernetes-validate, strict: unknown fields fail), and the promises of the guide."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30.0"


def documents():
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                docs.append((path.name, doc))
    return docs


DOCS = documents()


def by_kind(kind: str) -> dict:
    return {doc["metadata"]["name"]: doc for _, doc in DOCS if doc["kind"] == kind}


@pytest.mark.parametrize(
    "name, doc", DOCS, ids=[f"{n}:{d['kind']}/{d['metadata']['name']}" for n, d in DOCS]
)
def test_the_manifest_matches_the_kubernetes_schema(name, doc):
    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        pytest.fail(f"{name}: {error.message} at {list(error.path)}")


def test_a_broken_manifest_is_caught():
    doc = dict(by_kind("Service")["rasa"])
    doc["spec"] = {**doc["spec"], "portz": []}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted({name for name, _ in DOCS})


def test_every_deployment_has_probes_resources_and_referenced_secrets():
    deployments = by_kind("Deployment")
    assert set(deployments) == {"rasa", "action-server", "dossier-service", "console"}
    for name, deployment in deployments.items():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert container.get("readinessProbe") and container.get("livenessProbe"), name
            requests = container["resources"]["requests"]
            assert requests.get("cpu") and requests.get("memory"), name
            assert container["resources"]["limits"].get("memory"), name
            sources = [s for s in container.get("envFrom", []) if "secretRef" in s]
            assert sources == [{"secretRef": {"name": "assistant-secrets"}}], name
    rasa = deployments["rasa"]["spec"]
    assert rasa["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    container = rasa["template"]["spec"]["containers"][0]
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 180
    assert "--enable-api" not in container["args"]


def test_no_secret_is_embedded():
    assert by_kind("Secret") == {}
    text = "".join(p.read_text(encoding="utf-8") for p in K8S.glob("*.yaml"))
    assert "postgresql://" not in text and "redis://" not in text


def test_rasa_scales_with_an_autoscaler_and_databases_are_external():
    hpa = by_kind("HorizontalPodAutoscaler")["rasa"]["spec"]
    assert hpa["scaleTargetRef"]["name"] == "rasa"
    assert hpa["minReplicas"] >= 2 and hpa["maxReplicas"] > hpa["minReplicas"]
    services = by_kind("Service")
    assert services["postgres"]["spec"]["type"] == "ExternalName"
    assert services["redis"]["spec"]["type"] == "ExternalName"
    assert not {"postgres", "redis"} & set(by_kind("Deployment"))
    assert not by_kind("StatefulSet")


def test_the_ingress_publishes_only_the_public_routes():
    ingress = by_kind("Ingress")["assistant"]
    paths = {p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert paths == {"/chat/", "/huong-dan/", "/webhooks/zalo/webhook"}
    assert ingress["spec"]["tls"]
    assert "proxy-body-size" in str(ingress["metadata"]["annotations"])
