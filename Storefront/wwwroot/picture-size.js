// A picture over the size the catalog takes is refused in the browser, with the reason, before it is sent: the gateway
// refuses a form over 1 MiB itself, and its answer is not a page. Without scripts the shop's page says why instead,
// for every file the gateway lets through.
document.addEventListener('change', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.maxBytes) {
        return;
    }

    const file = input.files[0];
    const tooLarge = file && file.size > Number(input.dataset.maxBytes);
    input.setCustomValidity(tooLarge
        ? `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MiB: a picture may be at most 1 MiB.`
        : '');
    input.reportValidity();
});
