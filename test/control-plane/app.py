import fal


class MyApp(fal.App):
    app_name = "my-app"
    machine_type = "XS"

    @fal.endpoint("/")
    def run(self) -> dict:
        return {"ok": True}
