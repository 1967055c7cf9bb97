"""Tools around the pipeline, not stages of it: grading a conversion against the company's own XBRL
(``evaluate``, behind ``ixconv eval``) and the corpus of mutated releases (``mutations``, behind
``ixconv mutate``). Like the commands, they sit above the stages and may use any of them."""
