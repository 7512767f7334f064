#!/usr/bin/env bash
# Regenerates imports/ and schemas/ from the pinned CRDs in a local folder (default ../shared/crds), imports/ with the
# same NAME:= prefixes as cdk8s.yaml so the file names match an online `cdk8s import`.
set -euo pipefail
crds=${OVN_IC_CRD_DIR:-../shared/crds}
imp() { npx cdk8s import "$1" --language typescript --no-check-upgrade --no-save --output imports; }
imp "$crds/kube-ovn/kube-ovn-crd.yaml"
imp "submariner:=$crds/submariner/submariner.io_submariners.yaml"
imp "broker:=$crds/submariner/submariner.io_brokers.yaml"
imp "ippool:=$crds/spiderpool/spiderpool.spidernet.io_spiderippools.yaml"
imp "multusconfig:=$crds/spiderpool/spiderpool.spidernet.io_spidermultusconfigs.yaml"
imp "application:=$crds/argocd/application-crd.yaml"
imp "appproject:=$crds/argocd/appproject-crd.yaml"
imp "kustomization:=$crds/flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml"
imp "gitrepository:=$crds/flux/source.toolkit.fluxcd.io_gitrepositories.yaml"
imp "helmrepository:=$crds/flux/source.toolkit.fluxcd.io_helmrepositories.yaml"
imp "helmrelease:=$crds/flux/helm.toolkit.fluxcd.io_helmreleases.yaml"
# the generated toJson_* functions drop undefined fields with a quadratic reduce: one linear helper instead
node scripts/linear-tojson.js imports/*.ts
# The schema bundle and chart facts the validator and the tests read (schemas/), from the same pinned files.
npm run regenerate
