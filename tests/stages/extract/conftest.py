import pytest

from worker.stages.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    ex = Extractor()
    _ = ex.nlp  # load the model once for every test of the package
    return ex


@pytest.fixture(scope="session")
def totals(extractor):
    def run(text: str, title: str | None = None) -> dict:
        return extractor.extract(text, title)["totals"]

    return run
